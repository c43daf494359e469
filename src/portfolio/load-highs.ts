// Loads the HiGHS solver (WebAssembly) once per process. The solver is then passed into
// planRoadmap as an argument, so the optimisation itself stays a pure function.
import highsModule, { type Highs } from 'highs';

// highs ships ESM at runtime (build/highs.mjs, default export = the loader) but its types
// are declared for a CommonJS package, so TypeScript sees the default import as the module
// namespace. The cast states what Node actually gives us.
const loadHighsWasm = highsModule as unknown as () => Promise<Highs>;

let loading: Promise<Highs> | undefined;

export function loadHighs(): Promise<Highs> {
  loading ??= loadHighsWasm();
  return loading;
}
