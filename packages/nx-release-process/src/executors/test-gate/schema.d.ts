import type { TestGateOptions } from '../../core/release-options';

export type TestGateSchema = TestGateOptions;
