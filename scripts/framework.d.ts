// Types for the two internal modules of Observable Framework that scripts/build-pages.ts calls (no published types).
declare module "@observablehq/framework/dist/config.js" {
  export interface FrameworkConfig {
    root: string;
    output: string;
    paths(): AsyncIterable<string>;
    [key: string]: unknown;
  }
  export function readConfig(configPath: string | undefined, root?: string): Promise<FrameworkConfig>;
}
declare module "@observablehq/framework/dist/build.js" {
  import type { FrameworkConfig } from "@observablehq/framework/dist/config.js";
  export function build(options: { config: FrameworkConfig }): Promise<void>;
}
