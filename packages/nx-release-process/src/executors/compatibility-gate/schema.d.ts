export interface CompatibilityGateSchema {
  command: string;
  node?: string[];
  environments?: Record<string, Record<string, string>>;
  /** A matrix with any axes; each cell is then a target of its own (`compatibility-gate--python-3.10--torch-2.1`). */
  axes?: Record<string, string[]>;
  include?: Array<Record<string, string>>;
  exclude?: Array<Record<string, string>>;
  env?: Record<string, string>;
}
