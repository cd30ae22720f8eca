declare const __PARITYBOOK_OPTIONS__: import('./integration.ts').ResolvedOptions;

declare namespace App {
  interface Locals {
    /** What components in a note's MDX body read; set by the page before it renders the body (src/lib/route-data.ts). */
    paritybookRoute?: import('./lib/route-data.ts').MdxRouteData;
  }
}
