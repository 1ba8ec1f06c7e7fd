package io.roomsync.support.http;

import io.roomsync.contract.Decimals;
import java.beans.PropertyEditorSupport;
import java.util.function.LongFunction;
import org.springframework.beans.PropertyEditorRegistry;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Whole numbers in request parameters and path variables ({@code ?app=}, {@code ?limit=}) read strictly: ASCII digits
 * in canonical form, nothing else. Spring's own reading of a {@code Long} falls back to a property editor that takes
 * full-width and other Unicode digits ({@code １４００００００００}), a sign, leading zeros and hexadecimal, and reads an
 * empty value as absent; here each of those is refused, so the caller gets 400 ("... has the wrong type") instead
 * of an app or a count it did not write. Registered as editors, which Spring consults before any converter or default.
 */
@ControllerAdvice
public class AsciiNumbers {

    private static final String RULE = "not a whole number in canonical ASCII digits";

    /** Every controller's binder reads {@code Long}, {@code long}, {@code Integer} and {@code int} strictly. */
    @InitBinder
    public void strictNumbers(WebDataBinder binder) {
        register(binder);
    }

    /** Registers the strict readers on {@code registry} (a binder, or a plain type converter in a test). */
    public static void register(PropertyEditorRegistry registry) {
        registry.registerCustomEditor(Long.class, new Strict(value -> value));
        registry.registerCustomEditor(long.class, new Strict(value -> value));
        registry.registerCustomEditor(Integer.class, new Strict(AsciiNumbers::toInt));
        registry.registerCustomEditor(int.class, new Strict(AsciiNumbers::toInt));
    }

    /**
     * {@code text} as a non-negative whole number in canonical ASCII digits ({@link Decimals#canonicalUnsigned}: no
     * sign, no leading zero except {@code 0} itself, within {@code Long.MAX_VALUE}).
     *
     * @throws IllegalArgumentException for anything else (the empty string included); the message names the rule
     */
    public static long parseLong(String text) {
        return Decimals.canonicalUnsigned(text).orElseThrow(() -> new IllegalArgumentException(RULE));
    }

    private static Integer toInt(long value) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(RULE + " within 32 bits");
        }
        return (int) value;
    }

    /** One binder's editor (editors hold state, so each registration gets its own). */
    private static final class Strict extends PropertyEditorSupport {
        private final LongFunction<Object> type;

        Strict(LongFunction<Object> type) {
            this.type = type;
        }

        @Override
        public void setAsText(String text) {
            setValue(type.apply(parseLong(text)));
        }
    }
}
