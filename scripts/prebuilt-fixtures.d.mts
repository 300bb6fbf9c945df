import type { Plugin } from 'esbuild';

/** The JSON of the PrebuiltFixture list (src/fixtures/prebuilt.ts), built from the sources as they are now. */
export declare const prebuiltFixturesJson: () => Promise<string>;
/** The esbuild plugin that puts it in place of src/fixtures/prebuilt-data.ts. */
export declare const prebuiltFixtures: Plugin;
/** How many times the plugin put the fixtures in place. */
export declare const prebuiltApplied: { count: number };
