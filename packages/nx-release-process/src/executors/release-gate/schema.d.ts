export interface ReleaseGateSchema {
  gates?: string[];
}
