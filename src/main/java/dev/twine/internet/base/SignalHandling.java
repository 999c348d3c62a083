package dev.twine.internet.base;

/** Installs and removes a reactor's process signal handlers: Twisted's {@code _signals.SignalHandling}. */
public interface SignalHandling {
    /** Installs the handlers, remembering the ones they replace. */
    void install();

    /** Puts back the handlers that {@link #install()} replaced. */
    void uninstall();

    /** Handles nothing: for {@code run(false)}. */
    SignalHandling NONE = new SignalHandling() {
        @Override
        public void install() {
        }

        @Override
        public void uninstall() {
        }
    };
}
