// Everything application code needs: models, databases, querysets, objects and relations.
#pragma once

#include "testudo/errors.hpp"
#include "testudo/model/model.hpp"
#include "testudo/orm/database.hpp"
#include "testudo/orm/objects.hpp"
#include "testudo/query/expression.hpp"
#include "testudo/query/queryset.hpp"
