export interface TestGateSchema {
  command?: string;
  coverageFloor?: number;
  coverageSummary?: string;
}
