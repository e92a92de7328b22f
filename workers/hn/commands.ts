// Commands of the hn area: { name: { args; result; progress } }. See workers/protocol.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HnCommands {}
