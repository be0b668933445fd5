package dev.llmguard.agent;

import dev.llmguard.instrument.TypeInstrumentation;
import dev.llmguard.okhttp.OkHttpInstrumentation;
import dev.llmguard.sdk.SdkInstrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Every client the agent instruments: adding one is one line here and one new package. */
final class Instrumentations {
    static final List<TypeInstrumentation> ALL = Collections.unmodifiableList(Arrays.<TypeInstrumentation>asList(
            new OkHttpInstrumentation(),
            new SdkInstrumentation()));

    private Instrumentations() {
    }

    /** Every type an instrumentation changes; a type missing here is never handed to Byte Buddy. */
    static List<String> typeNames() {
        List<String> names = new ArrayList<String>();
        for (TypeInstrumentation i : ALL) {
            names.addAll(i.typeNames());
        }
        return names;
    }
}
