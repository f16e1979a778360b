/** Messages between the runtime and its workers outside comlink's protocol. */

/** Posted by a worker entry point once its API is exposed. */
export const WORKER_READY_MESSAGE = 'zkml:worker-ready'
