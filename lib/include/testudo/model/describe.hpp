// Tortoise's describe() JSON for a set of models: the snapshot format Aerich stores.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "testudo/model/model.hpp"

namespace testudo {

using snapshot_json = nlohmann::ordered_json;

// {"app.Model": describe(), ...} for the models of `app`, ordered by class name as Tortoise
// orders a module's models, with backward relations and generated M2M sides filled in and
// Aerich's "managed": null last. Throws configuration_error (naming model and field) for a
// relation to an unknown model or a related_name that clashes.
snapshot_json describe_models(const std::vector<const model_meta*>& models, std::string_view app = "models");

// The description of one data field (not a relation) as describe_models() writes it.
snapshot_json describe_field(const field_meta& f);

// The snapshot without Aerich's own model (".Aerich", table "aerich"): Aerich keeps it in its
// snapshots and describe output, but it is the version table, never a table of the app.
snapshot_json without_aerich_model(snapshot_json snapshot);

// A snapshot from outside (a models JSON file, a version table row, a migration's state) is
// untrusted. read_snapshot parses `text`, refusing nesting deeper than any describe() output;
// check_snapshot refuses a document of the wrong shape or with values that cannot be used,
// naming the model, the key's path and what it may be. Both throw configuration_error starting
// with `source` ("models file 'm.json'", ...).
snapshot_json read_snapshot(std::string_view text, std::string_view source);
void check_snapshot(const snapshot_json& snapshot, std::string_view source);
// Whether `sql` may stand as a field's "db_default" in a snapshot: a number, a quoted string
// without backslashes, TRUE, FALSE, NULL or the clock (CURRENT_DATE, CURRENT_TIME[(n)], CURRENT_TIMESTAMP[(n)]).
bool literal_default(std::string_view sql);

// Whether two snapshots describe the same schema: key order and keys that never change the
// database ("docstring", a "managed" that is null, true or absent) make no difference.
bool same_schema(const snapshot_json& a, const snapshot_json& b);

}  // namespace testudo
