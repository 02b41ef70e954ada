package dev.spoon.workbench.chat;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.Message;
import dev.spoon.workbench.request.SendOptions;

import java.util.List;

/**
 * The request the chat console sends: the settings, the system prompt and the conversation so far. An
 * exchange whose answer has no text (it failed or was stopped before any, or only asked for a tool, which
 * the console does not run) is shown but not sent: sending its question alone would put two user messages
 * in a row, which providers reject or misread.
 */
final class ChatRequests {
    private ChatRequests() {
    }

    static ChatRequest of(ChatSettings settings, List<ChatTurn> turns) {
        ChatRequest.Builder b = ChatRequest.builder().model(settings.modelOrNull())
                .maxTokens(settings.maxTokensProperty().get().value())
                .temperature(settings.temperatureProperty().get().value()).tag("origin", "chat");
        String system = settings.systemProperty().get();
        if (system != null && !system.isBlank()) {
            b.message(Message.system(system));
        }
        for (int i = 0; i < turns.size(); i++) {
            ChatTurn t = turns.get(i);
            if (t.role() == ChatTurn.Role.USER) {
                ChatTurn answer = i + 1 < turns.size() ? turns.get(i + 1) : null;
                if (answer == null || answer.role() != ChatTurn.Role.ASSISTANT || !answer.content().isEmpty()) {
                    b.message(SendOptions.userMessage(t.content(), t.images()));
                }
            } else if (!t.content().isEmpty()) {
                b.message(Message.assistant(t.content()));
            }
        }
        return b.build();
    }
}
