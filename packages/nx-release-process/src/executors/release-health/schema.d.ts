export interface ReleaseHealthExecutorSchema {
  releaseVersion?: string;
  prometheusUrl?: string;
  samples?: number;
  intervalSeconds?: number;
  rollbackOnFailure?: boolean;
  registry?: string;
}
