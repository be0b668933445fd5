package dev.llmguard.agent;

import dev.llmguard.apache.ApacheHttpInstrumentation;
import dev.llmguard.instrument.TypeInstrumentation;
import dev.llmguard.log.InternalErrors;
import dev.llmguard.okhttp.OkHttpInstrumentation;
import dev.llmguard.sdk.CleverClientInstrumentation;
import dev.llmguard.sdk.GoogleGenAiInstrumentation;
import dev.llmguard.sdk.LangChain4jInstrumentation;
import dev.llmguard.sdk.SdkInstrumentation;
import dev.llmguard.sdk.SpringAiInstrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Every client the agent instruments: adding one is one line here and one new package. */
final class Instrumentations {
    /** The JDK's own HTTP client: compiled against JDK 11's API, so loaded by name and only where it exists. */
    private static final String JDK_HTTP_CLIENT = "dev.llmguard.jdkhttp.JdkHttpInstrumentation";
    /** HttpURLConnection: its hook needs the module API (JDK 9+), so loaded by name too. */
    private static final String URL_CONNECTION = "dev.llmguard.urlconnection.UrlConnectionInstrumentation";

    static final List<TypeInstrumentation> ALL = all();

    private Instrumentations() {
    }

    private static List<TypeInstrumentation> all() {
        List<TypeInstrumentation> all = new ArrayList<TypeInstrumentation>();
        all.add(new OkHttpInstrumentation());
        all.add(new SdkInstrumentation());
        all.add(new LangChain4jInstrumentation());
        all.add(new SpringAiInstrumentation());
        all.add(new GoogleGenAiInstrumentation());
        all.add(new CleverClientInstrumentation());
        all.add(new ApacheHttpInstrumentation());
        if (hasClass("java.net.http.HttpClient")) {
            all.add(byName(JDK_HTTP_CLIENT));
        }
        if (hasClass("java.lang.Module")) {
            all.add(byName(URL_CONNECTION));
        }
        all.remove(null);
        return Collections.unmodifiableList(all);
    }

    /** Every type an instrumentation changes; a type missing here is never handed to Byte Buddy. */
    static List<String> typeNames() {
        List<String> names = new ArrayList<String>();
        for (TypeInstrumentation i : ALL) {
            names.addAll(i.typeNames());
        }
        return names;
    }

    /** Types of the JDK's own modules, whose advice reaches the agent through a hook. */
    static List<String> hookedTypeNames() {
        List<String> names = new ArrayList<String>();
        for (TypeInstrumentation i : ALL) {
            if (i.reachesAgentThroughHook()) {
                names.addAll(i.typeNames());
            }
        }
        return names;
    }

    private static boolean hasClass(String name) {
        try {
            Class.forName(name, false, ClassLoader.getSystemClassLoader());
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    private static TypeInstrumentation byName(String name) {
        try {
            return (TypeInstrumentation) Class.forName(name).getConstructor().newInstance();
        } catch (Throwable t) {
            InternalErrors.report("loading " + name, t);
            return null;
        }
    }
}
