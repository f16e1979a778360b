/** Side-effect import for the page: records its requests. Import it first. */
import { installNetworkRecorder } from './record.js'

installNetworkRecorder('page')
