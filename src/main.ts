import { createProgram } from './cli/index.js';

await createProgram().parseAsync(process.argv);
