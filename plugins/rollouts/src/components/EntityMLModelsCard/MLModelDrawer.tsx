import { Dialog, DialogBody, DialogHeader, Flex, Text } from '@backstage/ui';
import type { MLModelStatus } from '@supply-chain/plugin-rollouts-common';

/** The full MLModel as the backend reports it, in a side panel. */
export function MLModelDrawer(props: {
  model?: MLModelStatus;
  onClose: () => void;
}) {
  const { model, onClose } = props;
  return (
    <Dialog
      isOpen={Boolean(model)}
      onOpenChange={isOpen => !isOpen && onClose()}
      width={640}
      height="90vh"
    >
      {model && (
        <>
          <DialogHeader>MLModel {model.name}</DialogHeader>
          <DialogBody>
            <Flex direction="column" gap="2">
              <Text variant="body-small" color="secondary">
                cluster {model.cluster} · namespace {model.namespace}
              </Text>
              {!model.valid && (
                <Text variant="body-small" color="danger">
                  Invalid: {model.problems.join('; ')}
                </Text>
              )}
              <pre
                aria-label={`Full object of MLModel ${model.name}`}
                style={{
                  fontFamily: 'var(--bui-font-monospace, monospace)',
                  fontSize: '0.8125rem',
                  background: 'var(--bui-bg-neutral-2)',
                  padding: 12,
                  borderRadius: 6,
                  overflow: 'auto',
                  margin: 0,
                }}
              >
                {JSON.stringify(model, null, 2)}
              </pre>
            </Flex>
          </DialogBody>
        </>
      )}
    </Dialog>
  );
}
