/** Side-effect import for worker entry points: records this worker's requests under its name. Import it first. */
import { installNetworkRecorder } from './record.js'

installNetworkRecorder((globalThis as { name?: string }).name || 'worker')
