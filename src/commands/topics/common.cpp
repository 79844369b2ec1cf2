// Helpers shared by the topics verbs.
#include "commands/topics/verbs.h"
#include "core/error.h"
#include "core/plan/topic_plan.h"

namespace orderctl::commands::topics {

core::kafka::Admin connect_admin(cli::Context& context) {
    return core::kafka::Admin(context.profile().librdkafka_properties(), context.client_options());
}

void require_valid_topic_name(const std::string& name) {
    if (auto problem = core::topic_name_problem(name))
        throw core::Error(core::ErrorKind::Usage, *problem);
}

std::map<std::string, std::string> parse_key_values(const std::vector<std::string>& pairs,
                                                    const std::string& flag) {
    std::map<std::string, std::string> parsed;
    for (const auto& pair : pairs) {
        auto equals = pair.find('=');
        if (equals == std::string::npos || equals == 0)
            throw core::Error(core::ErrorKind::Usage,
                              flag + " expects key=value, got '" + pair + "'",
                              "for example: " + flag + " retention.ms=86400000");
        parsed[pair.substr(0, equals)] = pair.substr(equals + 1);
    }
    return parsed;
}

std::map<std::string, std::string> dynamic_configs(core::kafka::Admin& admin,
                                                   const std::string& topic) {
    std::map<std::string, std::string> configs;
    for (const auto& entry : admin.topic_configs(topic))
        if (entry.source == "dynamic-topic") configs[entry.name] = entry.value;
    return configs;
}

}  // namespace orderctl::commands::topics
