import { z } from 'zod';

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** zod schema of the Deployment an action targets. @public */
export const deploymentTargetSchema = z.object({
  cluster: z.string().min(1).max(253),
  namespace: z
    .string()
    .min(1)
    .max(63)
    .regex(dnsLabel, 'must be a Kubernetes namespace name'),
  name: z
    .string()
    .min(1)
    .max(253)
    .regex(dnsSubdomain, 'must be a Kubernetes object name'),
});

/** @public */
export const restartRequestSchema = deploymentTargetSchema.strict();
/** @public */
export const pauseRequestSchema = deploymentTargetSchema.strict();
/** @public */
export const undoRequestSchema = deploymentTargetSchema
  .extend({ toRevision: z.number().int().min(1) })
  .strict();
/** @public */
export const scaleRequestSchema = deploymentTargetSchema
  .extend({ replicas: z.number().int().min(0).max(1000) })
  .strict();
