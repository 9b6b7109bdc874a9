export interface CompatibilityGateSchema {
  command: string;
  node?: string[];
  environments?: Record<string, Record<string, string>>;
}
