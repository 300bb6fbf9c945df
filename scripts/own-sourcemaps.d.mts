/** A source map as esbuild writes it (version 3). */
export interface SourceMap {
  version: number;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
  [key: string]: unknown;
}
/** The map without the sources `drop` selects: their content and every mapping into them. */
export declare const withoutSources: (map: SourceMap, drop: (source: string) => boolean) => SourceMap;
/** Rewrites the map files in place, keeping only sources outside node_modules/. */
export declare const ownSourcesOnly: (files: string[]) => void;
