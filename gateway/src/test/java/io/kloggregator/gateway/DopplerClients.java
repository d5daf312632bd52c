package io.kloggregator.gateway;

import org.cloudfoundry.reactor.DefaultConnectionContext;
import org.cloudfoundry.reactor.SingleEndpointRootProvider;
import org.cloudfoundry.reactor.doppler.ReactorDopplerClient;
import reactor.core.publisher.Mono;

/**
 * cf-java-client's own {@link ReactorDopplerClient}, unmodified, pointed at a gateway through
 * the client's configuration: there is no Cloud Controller to discover Doppler from, so the
 * connection context's root provider is cf-java-client's {@link SingleEndpointRootProvider},
 * which answers every endpoint lookup (Doppler's among them) with the gateway's
 * {@code http://127.0.0.1:<port>}. The token provider hands out a fixed
 * {@code bearer <jwt>}, as UAA's would.
 */
final class DopplerClients {

  private DopplerClients() {
  }

  static DefaultConnectionContext context(int port) {
    return DefaultConnectionContext.builder().apiHost("127.0.0.1").port(port).secure(false)
        .rootProvider(SingleEndpointRootProvider.builder().apiHost("127.0.0.1").port(port)
            .secure(false).build())
        .build();
  }

  static ReactorDopplerClient client(DefaultConnectionContext context, String jwt) {
    return ReactorDopplerClient.builder().connectionContext(context)
        .tokenProvider(c -> Mono.just("bearer " + jwt)).build();
  }
}
