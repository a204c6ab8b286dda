"""The update, archive and restore events' triggers plan their join of old and new rows each time
they run on several rows, with hash joins allowed (history.models._UpdateEventTrigger)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('crm', '0010_idempotency_key_response_headers'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='apitoken',
            name='update_update',
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='apitoken',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(declare='DECLARE hashjoin TEXT;', func='IF (SELECT count(*) FROM (SELECT FROM new_values LIMIT 2) AS changed) < 2 THEN WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "history_apitokenevent" ("created_at", "display_prefix", "id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "revoked_at", "team_id") SELECT new_values."created_at", new_values."display_prefix", new_values."id", new_values."name", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."revoked_at", new_values."team_id" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values."id" IS DISTINCT FROM (new_values."id") OR old_values."team_id" IS DISTINCT FROM (new_values."team_id") OR old_values."name" IS DISTINCT FROM (new_values."name") OR old_values."display_prefix" IS DISTINCT FROM (new_values."display_prefix") OR old_values."revoked_at" IS DISTINCT FROM (new_values."revoked_at")) ) AS new_values, _pgh_attached_context; ELSE hashjoin := current_setting(\'enable_hashjoin\'); PERFORM set_config(\'enable_hashjoin\', \'on\', true); EXECUTE $event$ WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "history_apitokenevent" ("created_at", "display_prefix", "id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "revoked_at", "team_id") SELECT new_values."created_at", new_values."display_prefix", new_values."id", new_values."name", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."revoked_at", new_values."team_id" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values."id" IS DISTINCT FROM (new_values."id") OR old_values."team_id" IS DISTINCT FROM (new_values."team_id") OR old_values."name" IS DISTINCT FROM (new_values."name") OR old_values."display_prefix" IS DISTINCT FROM (new_values."display_prefix") OR old_values."revoked_at" IS DISTINCT FROM (new_values."revoked_at")) ) AS new_values, _pgh_attached_context $event$; PERFORM set_config(\'enable_hashjoin\', hashjoin, true); END IF; RETURN NULL;', hash='854cd1e8048567624c8dc85dace5886239b3403d', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_15ff0', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='crm_apitoken', when='AFTER')),
        ),
    ]
