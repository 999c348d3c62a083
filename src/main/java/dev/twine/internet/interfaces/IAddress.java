package dev.twine.internet.interfaces;

/** An endpoint address: Twisted's {@code IAddress}. */
public interface IAddress {
}
