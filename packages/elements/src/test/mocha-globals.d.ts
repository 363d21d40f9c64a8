// The mocha globals web-test-runner provides (no @types/mocha in the workspace).
type MochaDone = (error?: unknown) => void;
type MochaFn = (this: { timeout(ms: number): void }, done: MochaDone) => void | Promise<void>;
declare function describe(title: string, fn: () => void): void;
declare function it(title: string, fn: MochaFn | (() => void | Promise<void>)): void;
declare function before(fn: MochaFn | (() => void | Promise<void>)): void;
declare function after(fn: MochaFn | (() => void | Promise<void>)): void;
declare function beforeEach(fn: MochaFn | (() => void | Promise<void>)): void;
declare function afterEach(fn: MochaFn | (() => void | Promise<void>)): void;
