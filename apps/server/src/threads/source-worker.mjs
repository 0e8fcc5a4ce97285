// Starts a worker thread's TypeScript entry when the server runs from source (npm start, tests):
// workers do not inherit tsx's loader, so they register it themselves. A built server starts
// the compiled .js entry directly and never loads this file.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
