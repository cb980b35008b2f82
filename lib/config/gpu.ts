/**
 * SageMaker training instance types with NVIDIA GPUs. Trainium/Inferentia and CPU types are refused:
 * isotrain's guardrails, cost model and job specs assume GPU fine-tuning.
 */
export const GPU_FAMILIES = [
  'g4dn',
  'g5',
  'g6',
  'g6e',
  'p3',
  'p3dn',
  'p4d',
  'p4de',
  'p5',
  'p5e',
  'p5en',
  'p6-b200',
] as const;

const GPU_INSTANCE_TYPE = new RegExp(`^ml\\.(${GPU_FAMILIES.join('|')})\\.(x|\\d{1,2}x)?large$`);

export function isGpuInstanceType(value: string): boolean {
  return GPU_INSTANCE_TYPE.test(value);
}
