// Untyped JavaScript dependencies used by src/setup (typed locally at each use through small interfaces).
declare module 'snarkjs'
declare module 'ffjavascript'
