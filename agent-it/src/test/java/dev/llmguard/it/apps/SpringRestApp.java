package dev.llmguard.it.apps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.RestTemplate;

/**
 * A legacy service calling an OpenAI-compatible endpoint through Spring: {@code RestTemplate} with
 * the Apache HttpClient 5 factory or the {@code HttpURLConnection} one, or {@code RestClient} with
 * the factory Spring picks (Apache HttpClient 5 when it is on the class path). No retry code.
 * Prints {@code CALL 0 status=N body=...}.
 *
 * <p>Arguments are key=value: url, client (resttemplate-apache|resttemplate-simple|restclient), apiKey, prompt.
 */
public final class SpringRestApp {
    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "gpt-4o-mini");
        body.put("messages", List.of(Map.of("role", "user", "content", a.getOrDefault("prompt", "Say hello"))));
        String url = a.get("url");
        String auth = "Bearer " + a.getOrDefault("apiKey", "sk-test");
        try {
            ResponseEntity<String> r;
            switch (a.getOrDefault("client", "restclient")) {
                case "resttemplate-apache":
                    r = post(new RestTemplate(new HttpComponentsClientHttpRequestFactory()), url, auth, body);
                    break;
                case "resttemplate-simple":
                    r = post(new RestTemplate(new SimpleClientHttpRequestFactory()), url, auth, body);
                    break;
                default:
                    r = RestClient.create().post().uri(url).header("Authorization", auth).contentType(MediaType.APPLICATION_JSON)
                            .body(body).retrieve().toEntity(String.class);
            }
            System.out.println("CALL 0 status=" + r.getStatusCode().value() + " body=" + r.getBody());
        } catch (RestClientResponseException e) {
            System.out.println("CALL 0 status=" + e.getStatusCode().value() + " error=" + e.getClass().getName());
        } catch (Exception e) {
            System.out.println("CALL 0 error=" + e.getClass().getName() + ": " + e.getMessage());
        }
        System.exit(0);
    }

    private static ResponseEntity<String> post(RestTemplate template, String url, String auth, Map<String, Object> body) {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.set("Authorization", auth);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return template.postForEntity(url, new org.springframework.http.HttpEntity<>(body, headers), String.class);
    }
}
