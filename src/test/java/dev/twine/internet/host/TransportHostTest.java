package dev.twine.internet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twine.internet.interfaces.IReactor;
import dev.twine.internet.interfaces.ITCPProvider;
import dev.twine.internet.interfaces.IUDPProvider;
import dev.twine.testing.ReactorFixture;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seam between reactor and transports stays out of the public API, and says so when a reactor lacks it. */
class TransportHostTest {
    @RegisterExtension
    final ReactorFixture fixture = ReactorFixture.withReactor();

    @Test
    void thePublicReactorShowsNoneOfTheSeam() {
        assertThat(Arrays.stream(IReactor.class.getMethods()).map(Method::getName))
                .doesNotContainAnyElementsOf(Arrays.stream(TransportHost.class.getDeclaredMethods())
                        .map(Method::getName).toList());
        assertThat(TransportHost.class.isAssignableFrom(IReactor.class)).isFalse();
    }

    @Test
    void theSeamsPackageIsNotExported() {
        ModuleDescriptor module = IReactor.class.getModule().getDescriptor();
        assertThat(module).as("tests run on the module path").isNotNull();
        assertThat(module.exports()).extracting(ModuleDescriptor.Exports::source)
                .contains(IReactor.class.getPackageName())
                .doesNotContain(TransportHost.class.getPackageName());
    }

    @Test
    void aTwineReactorIsItsOwnHost() {
        assertThat(TransportHost.of(fixture.reactor())).isSameAs(fixture.reactor());
    }

    @Test
    void aReactorThatCannotHostTransportsIsRefusedByName() {
        IReactor foreign = (IReactor) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {IReactor.class}, (proxy, method, args) -> {
                    throw new AssertionError("not called: " + method);
                });
        assertThatThrownBy(() -> TransportHost.of(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(foreign.getClass().getName())
                .hasMessageContaining(TransportHost.class.getName());
    }

    @Test
    void eachProviderIsLookedUpOnce() {
        assertThat(Providers.get(ITCPProvider.class)).isSameAs(Providers.get(ITCPProvider.class))
                .isNotSameAs(Providers.get(IUDPProvider.class));
    }
}
