export interface StabilityGateSchema {
  command: string;
  duration?: number;
  iterations?: number;
  sampleMs?: number;
  maxGrowthMb?: number;
  minR2?: number;
}
