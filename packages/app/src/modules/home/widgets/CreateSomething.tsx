import { Flex, Link } from '@backstage/ui';

/** The portal's software templates (templates/all.yaml), by name. */
const templates = [
  { name: 'go-microservice', label: 'Create a service (Go microservice)' },
  { name: 'ml-model', label: 'Create an ML model' },
];

/** Links to the software templates that create a service or a model. */
export function CreateSomething() {
  return (
    <Flex direction="column" gap="2">
      {templates.map(t => (
        <Link key={t.name} href={`/create/templates/default/${t.name}`}>
          {t.label}
        </Link>
      ))}
      <Link href="/create" variant="body-small">
        All templates
      </Link>
    </Flex>
  );
}
