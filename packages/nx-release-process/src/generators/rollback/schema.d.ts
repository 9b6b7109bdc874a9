export interface RollbackGeneratorSchema {
  tag: string;
  reason: string;
}
