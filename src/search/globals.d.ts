declare const __PARITYBOOK_SEARCH_TAG__: string;
