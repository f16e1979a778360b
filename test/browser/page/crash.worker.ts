/**
 * A worker that loads, reports ready, and then crashes (an uncaught error) on any call:
 * the runtime must reject the pending call with WorkerCrashedError instead of hanging.
 */
import { expose } from 'comlink'
import { WORKER_READY_MESSAGE } from '../../../src/runtime/protocol.js'

const never = () =>
  new Promise(() => {
    setTimeout(() => {
      throw new Error('simulated worker crash')
    }, 10)
  })

expose({ init: never, warmUp: never, prove: never, run: never, verify: never, memory: never })
postMessage(WORKER_READY_MESSAGE)
