#include "adapters/delivery/registry.hpp"

#include "adapters/delivery/caldav/caldav_delivery.hpp"
#include "adapters/delivery/smtp/smtp_delivery.hpp"
#include "adapters/delivery/spool/spool_delivery.hpp"

namespace samtal {

const registry_table<delivery_factory>& delivery_kinds() {
    static const registry_table<delivery_factory> table{
        {"spool",
         [](const invitations_config& c, const std::filesystem::path& data_dir,
            const outgoing_config&) { return make_spool_delivery(spool_folder(data_dir, c)); }},
        {"smtp",
         [](const invitations_config& c, const std::filesystem::path&,
            const outgoing_config& outgoing) { return make_smtp_delivery(c.smtp, outgoing); }},
        {"caldav",
         [](const invitations_config& c, const std::filesystem::path&,
            const outgoing_config& outgoing) { return make_caldav_delivery(c.caldav, outgoing); }},
    };
    return table;
}

invitation_delivery& delivery_registry::delivery_for(const unit_config& unit,
                                                     const advisor_config& advisor) {
    return delivery_named(unit,
                          advisor.delivery.empty() ? unit.invitations.delivery : advisor.delivery);
}

invitation_delivery& delivery_registry::delivery_named(const unit_config& unit,
                                                       const std::string& kind) {
    std::lock_guard lock(mutex_);
    auto& adapter = adapters_[{unit.id, kind}];
    if (!adapter) adapter = delivery_kinds().at(kind)(unit.invitations, data_dir_, outgoing_);
    return *adapter;
}

}  // namespace samtal
