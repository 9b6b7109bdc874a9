export type VersionGateSchema = Record<string, never>;
