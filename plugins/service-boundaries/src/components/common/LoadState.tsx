import { Alert, Text } from '@backstage/ui';

/** "Loading …" in words, announced to screen readers. */
export function Loading(props: { what: string }) {
  return (
    <Text as="p" role="status" color="secondary">
      Loading {props.what}…
    </Text>
  );
}

/** An error of a backend call, with its message. */
export function LoadError(props: { what: string; error: Error }) {
  return (
    <Alert
      status="danger"
      icon
      title={`Could not load ${props.what}`}
      description={props.error.message}
    />
  );
}
