package dev.llmguard.it.apps;

import static net.bytebuddy.matcher.ElementMatchers.named;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.List;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application that ships its own Byte Buddy, slf4j (with whatever binding is on the class path,
 * set up its own way) and jackson, the libraries the agent carries relocated copies of.
 * Arguments: url apiKey prompt.
 */
public final class HostLibrariesApp {
    public static void main(String[] args) throws Exception {
        Logger log = LoggerFactory.getLogger("host-app");
        System.out.println("BINDING " + LoggerFactory.getILoggerFactory().getClass().getName());
        log.debug("APP debug line, hidden at the host's level");
        log.info("APP starting");

        Class<?> generated = new ByteBuddy().subclass(Object.class).name("host.Generated")
                .method(named("toString")).intercept(FixedValue.value("made by the host's Byte Buddy"))
                .make().load(HostLibrariesApp.class.getClassLoader()).getLoaded();
        System.out.println("BYTEBUDDY " + jarOf(ByteBuddy.class) + " " + generated.getDeclaredConstructor().newInstance());

        ObjectMapper mapper = new ObjectMapper();
        System.out.println("JACKSON " + jarOf(ObjectMapper.class));
        String json = mapper.writeValueAsString(Map.of("model", "gpt-4o-mini",
                "messages", List.of(Map.of("role", "user", "content", args[2]))));
        OkHttpClient client = new OkHttpClient();
        Request request = new Request.Builder().url(args[0]).header("Authorization", "Bearer " + args[1])
                .post(RequestBody.create(MediaType.parse("application/json"), json)).build();
        try (Response r = client.newCall(request).execute()) {
            JsonNode body = mapper.readTree(r.body().string());
            log.info("APP call status={} id={}", r.code(), body.path("id").asText());
        }
        System.exit(0);
    }

    private static String jarOf(Class<?> c) {
        return new File(c.getProtectionDomain().getCodeSource().getLocation().getPath()).getName();
    }
}
