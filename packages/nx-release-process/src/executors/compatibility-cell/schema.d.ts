export interface CompatibilityCellSchema {
  cell: Record<string, string>;
  command: string;
  env?: Record<string, string>;
}
