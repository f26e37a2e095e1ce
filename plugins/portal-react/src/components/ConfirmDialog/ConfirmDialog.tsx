import {
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
} from '@backstage/ui';
import type { ReactNode } from 'react';

/**
 * A confirmation before an action: a question as title, what will happen as
 * body, Cancel and the confirming button. While `pending` the confirming button
 * spins and the dialog cannot be dismissed; Escape, a click outside and Cancel
 * call `onCancel`.
 *
 * @public
 */
export function ConfirmDialog(props: {
  isOpen: boolean;
  /** the question, e.g. "Restart inventory-service?" */
  title: ReactNode;
  /** what will happen, and any inputs the action takes */
  children?: ReactNode;
  /** the confirming button's text, e.g. "Restart" */
  confirmLabel: string;
  /** a red confirming button, for actions that remove or replace something */
  destructive?: boolean;
  pending?: boolean;
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const {
    isOpen,
    title,
    children,
    confirmLabel,
    destructive,
    pending = false,
    confirmDisabled,
    onConfirm,
    onCancel,
  } = props;
  return (
    <Dialog
      isOpen={isOpen}
      onOpenChange={open => {
        if (!open && !pending) {
          onCancel();
        }
      }}
      width={520}
    >
      {isOpen && (
        <>
          <DialogHeader>{title}</DialogHeader>
          <DialogBody>
            <Flex direction="column" gap="3">
              {children}
            </Flex>
          </DialogBody>
          <DialogFooter>
            <Button variant="secondary" onPress={onCancel} isDisabled={pending}>
              Cancel
            </Button>
            <Button
              variant="primary"
              destructive={destructive}
              onPress={onConfirm}
              isPending={pending}
              isDisabled={confirmDisabled}
            >
              {confirmLabel}
            </Button>
          </DialogFooter>
        </>
      )}
    </Dialog>
  );
}
