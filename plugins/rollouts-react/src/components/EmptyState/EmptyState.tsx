import type { ReactNode } from 'react';
import { Flex, Text } from '@backstage/ui';

/**
 * Says why there is nothing to show and what to do about it.
 *
 * @public
 */
export function EmptyState(props: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
}) {
  const { title, description, action } = props;
  return (
    <Flex
      direction="column"
      gap="2"
      p="4"
      style={{
        border: '1px dashed var(--bui-border-2)',
        borderRadius: 8,
      }}
    >
      <Text as="h3" variant="title-x-small">
        {title}
      </Text>
      {description && (
        <Text as="div" variant="body-medium" color="secondary">
          {description}
        </Text>
      )}
      {action}
    </Flex>
  );
}
