import { renderService } from './service';
import { testServiceSpec } from './__testUtils__/testSpec';

describe('renderService', () => {
  it('exposes http on Service port 80 and grpc only when asked', () => {
    const ports = (o: any) =>
      o.spec.ports.map((p: any) => `${p.name}:${p.port}->${p.targetPort}`);
    expect(ports(renderService(testServiceSpec()))).toEqual(['http:80->http']);
    expect(
      ports(renderService(testServiceSpec({ grpc: true, grpcPort: 9191 }))),
    ).toEqual(['http:80->http', 'grpc:9191->grpc']);
  });
});
