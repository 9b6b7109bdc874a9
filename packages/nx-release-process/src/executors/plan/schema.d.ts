export interface PlanExecutorSchema {
  from?: string;
  to?: string;
  preid?: string;
  promote?: boolean;
  json?: boolean;
}
