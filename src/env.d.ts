declare const __PARITYBOOK_OPTIONS__: import('./integration.ts').ResolvedOptions;
