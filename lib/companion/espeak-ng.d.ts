// The espeak-ng package (eSpeak NG compiled to WebAssembly) ships no types: the little of its Emscripten module used here.
declare module 'espeak-ng' {
  interface ESpeakNgModule {
    FS: { readFile(path: string): Uint8Array; writeFile(path: string, data: string | Uint8Array): void };
  }
  interface ESpeakNgOptions {
    /** The command line, as for the espeak-ng program. */
    arguments: string[];
    print?: (text: string) => void;
    printErr?: (text: string) => void;
    /** Run before the program starts, with the module: files it reads go into its file system here. */
    preRun?: ((module: ESpeakNgModule) => void)[];
  }
  /** Runs espeak-ng once with these arguments; resolves once it has finished, with its file system to read. */
  export default function ESpeakNg(options: ESpeakNgOptions): Promise<ESpeakNgModule>;
}
