package dev.twine.internet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.address.IPv4Address;
import dev.twine.internet.interfaces.IAddress;
import dev.twine.internet.interfaces.IClientFactory;
import dev.twine.internet.interfaces.IProtocol;
import dev.twine.internet.interfaces.ITransport;
import dev.twine.python.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FactoryTest {
    private static final IAddress PEER = new IPv4Address("TCP", "127.0.0.1", 40000);

    /** Records startFactory/stopFactory so the reference counting can be checked. */
    static final class CountingFactory extends Factory {
        final List<String> events = new ArrayList<>();

        @Override
        public void startFactory() {
            events.add("start");
        }

        @Override
        public void stopFactory() {
            events.add("stop");
        }
    }

    /** An IProtocol that is not a Protocol, so buildProtocol has nothing to link. */
    static final class BareProtocol implements IProtocol {
        @Override
        public void makeConnection(ITransport transport) {
        }

        @Override
        public void connectionMade() {
        }

        @Override
        public void dataReceived(byte[] data) {
        }

        @Override
        public void connectionLost(Failure reason) {
        }
    }

    static final class AddressedProtocol extends Protocol {
        final IAddress addr;

        AddressedProtocol(IAddress addr) {
            this.addr = addr;
        }
    }

    @Test
    void startAndStopRunOnceAcrossTwoPorts() {
        CountingFactory factory = new CountingFactory();
        factory.doStart(); // first port starts listening
        assertThat(factory.events).containsExactly("start");
        factory.doStart(); // second port
        assertThat(factory.numPorts()).isEqualTo(2);
        assertThat(factory.events).containsExactly("start");
        factory.doStop(); // first port stops
        assertThat(factory.numPorts()).isEqualTo(1);
        assertThat(factory.events).containsExactly("start");
        factory.doStop(); // last port stops
        assertThat(factory.numPorts()).isZero();
        assertThat(factory.events).containsExactly("start", "stop");

        factory.doStart(); // a later port starts the factory again
        factory.doStop();
        assertThat(factory.events).containsExactly("start", "stop", "start", "stop");
    }

    @Test
    void stopWithoutStartIsIgnored() {
        CountingFactory factory = new CountingFactory();
        factory.doStop();
        assertThat(factory.numPorts()).isZero();
        assertThat(factory.events).isEmpty();
        factory.doStart();
        factory.doStop();
        factory.doStop();
        assertThat(factory.numPorts()).isZero();
        assertThat(factory.events).containsExactly("start", "stop");
    }

    @Test
    void failingStartFactoryIsNotCounted() {
        Factory factory = new Factory() {
            int attempts;

            @Override
            public void startFactory() {
                if (attempts++ == 0) {
                    throw new IllegalStateException("database down");
                }
            }
        };
        assertThatThrownBy(factory::doStart).hasMessage("database down");
        assertThat(factory.numPorts()).isZero();
        factory.doStart();
        assertThat(factory.numPorts()).isEqualTo(1);
    }

    @Test
    void forProtocolBuildsANewLinkedProtocolPerConnection() {
        Factory factory = Factory.forProtocol(Protocol::new);
        assertThat(factory.getClass()).isEqualTo(Factory.class);
        IProtocol first = factory.buildProtocol(PEER);
        IProtocol second = factory.buildProtocol(PEER);
        assertThat(first).isInstanceOf(Protocol.class).isNotSameAs(second);
        assertThat(((Protocol) first).factory()).isSameAs(factory);
        assertThat(((Protocol) second).factory()).isSameAs(factory);
    }

    @Test
    void forProtocolWithAddressPassesThePeer() {
        Factory factory = Factory.forProtocol(addr -> new AddressedProtocol(addr));
        AddressedProtocol p = (AddressedProtocol) factory.buildProtocol(PEER);
        assertThat(p.addr).isEqualTo(PEER);
        assertThat(p.factory()).isSameAs(factory);
    }

    @Test
    void subclassesForProtocolKeepTheirType() {
        ServerFactory server = ServerFactory.forProtocol(Protocol::new);
        ClientFactory client = ClientFactory.forProtocol(addr -> new Protocol());
        assertThat(server.buildProtocol(PEER)).isInstanceOf(Protocol.class);
        assertThat(((Protocol) client.buildProtocol(PEER)).factory()).isSameAs(client);
        assertThat(client).isInstanceOf(IClientFactory.class);
    }

    @Test
    void buildProtocolLeavesOtherProtocolsAndNullAlone() {
        Factory bare = Factory.forProtocol(BareProtocol::new);
        assertThat(bare.buildProtocol(PEER)).isInstanceOf(BareProtocol.class);
        Factory refusing = Factory.forProtocol(() -> null);
        assertThat(refusing.buildProtocol(PEER)).isNull();
    }

    @Test
    void subclassCanAssignTheProtocolField() {
        Factory factory = new Factory() {
            {
                protocol = addr -> new HalfCloseableProtocol();
            }
        };
        IProtocol p = factory.buildProtocol(PEER);
        assertThat(p).isInstanceOf(HalfCloseableProtocol.class);
        assertThat(((Protocol) p).factory()).isSameAs(factory);
    }

    @Test
    void buildProtocolWithoutProtocolFails() {
        assertThatThrownBy(() -> new Factory().buildProtocol(PEER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setProtocol");
    }

    @Test
    void clientFactoryHooksDoNothing() {
        ClientFactory client = new ClientFactory();
        FakeConnector connector = new FakeConnector();
        client.startedConnecting(connector);
        client.clientConnectionFailed(connector, Failure.of(new RuntimeException()));
        client.clientConnectionLost(connector, Failure.of(new RuntimeException()));
        assertThat(connector.connects).isZero();
        assertThat(connector.stopConnectings).isZero();
    }

    @Test
    void logPrefixIsTheClassName() {
        assertThat(new ServerFactory().logPrefix()).isEqualTo("ServerFactory");
        assertThat(new CountingFactory().logPrefix()).isEqualTo("CountingFactory");
    }
}
