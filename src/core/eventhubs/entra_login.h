// Where a Microsoft Entra ID sign-in to an Event Hubs namespace goes: the login host follows the
// Azure cloud that the namespace's domain names (public, US Government, China), the scope is
// the namespace itself.
#pragma once

#include <string>

namespace orderctl::core::eventhubs {

// "orders-ns" -> "orders-ns.servicebus.windows.net"; a full host name stays as it is.
std::string namespace_host(const std::string& namespace_name);
// login.microsoftonline.com, .us for servicebus.usgovcloudapi.net, login.chinacloudapi.cn for
// servicebus.chinacloudapi.cn.
std::string login_host(const std::string& namespace_host);
// https://LOGIN/TENANT/oauth2/v2.0/token
std::string token_endpoint(const std::string& namespace_host, const std::string& tenant);
// https://HOST/.default
std::string token_scope(const std::string& namespace_host);

}  // namespace orderctl::core::eventhubs
