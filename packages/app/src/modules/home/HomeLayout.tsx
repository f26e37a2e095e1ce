import {
  cloneElement,
  type ComponentType,
  type ReactElement,
  type ReactNode,
} from 'react';
import type {
  HomePageLayoutProps,
  HomePageWidgetData,
} from '@backstage/plugin-home-react/alpha';
import {
  Card,
  CardBody,
  CardHeader,
  Container,
  Flex,
  Grid,
  Text,
} from '@backstage/ui';

/** Where each widget goes, by its name; widgets not named here go to the side column. */
const TOP = ['HomePageSearchBar'];
const MAIN = ['NeedsAttention', 'MyServices', 'RecentDeployments'];

/**
 * The card every widget renders in (home-react's `Renderer` hook): a BUI card
 * that is a region named by the widget's title.
 */
function WidgetCard(props: {
  title?: string;
  Content: ComponentType;
  ContextProvider?: ComponentType<{ children: ReactNode }>;
}) {
  const { title, Content, ContextProvider } = props;
  const card = (
    <section aria-label={title}>
      <Card>
        {title && (
          <CardHeader>
            <Text as="h2" variant="title-small">
              {title}
            </Text>
          </CardHeader>
        )}
        <CardBody>
          <Content />
        </CardBody>
      </Card>
    </section>
  );
  return ContextProvider ? <ContextProvider>{card}</ContextProvider> : card;
}

function render(widget: HomePageWidgetData) {
  const element = widget.component as ReactElement<{ Renderer?: unknown }>;
  // A widget that brings its own renderer (the search bar) keeps it.
  const rendered = element.props.Renderer
    ? element
    : cloneElement(element, { Renderer: WidgetCard });
  return <div key={widget.name ?? widget.node.spec.id}>{rendered}</div>;
}

function byName(widgets: HomePageWidgetData[], names: string[]) {
  return names.flatMap(name => widgets.filter(w => w.name === name));
}

/**
 * The portal's home page: search on top, what needs attention, the user's
 * services and recent deployments in the main column, the rest (creating a
 * service or a model) beside them. A fixed layout, not the customizable grid:
 * every user sees the same page.
 */
export function HomeLayout(props: HomePageLayoutProps) {
  const { widgets } = props;
  const placed = new Set([...TOP, ...MAIN]);
  const side = widgets.filter(w => !placed.has(w.name ?? ''));
  return (
    <Container>
      <Flex direction="column" gap="4" py="4">
        <Text as="h1" variant="title-medium">
          Supply-chain portal
        </Text>
        {byName(widgets, TOP).map(render)}
        <Grid.Root columns={{ initial: '1', md: '3' }} gap="4">
          <Grid.Item colSpan={{ initial: '1', md: '2' }}>
            <Flex direction="column" gap="4">
              {byName(widgets, MAIN).map(render)}
            </Flex>
          </Grid.Item>
          <Grid.Item colSpan="1">
            <Flex direction="column" gap="4">
              {side.map(render)}
            </Flex>
          </Grid.Item>
        </Grid.Root>
      </Flex>
    </Container>
  );
}
