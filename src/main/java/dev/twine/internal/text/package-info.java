/**
 * Text forms of addresses in plain Java: no native code, no other Twine package. The lowest layer, so the syscall
 * layer and the API contracts (the address records) share one codec instead of two copies.
 */
package dev.twine.internal.text;
