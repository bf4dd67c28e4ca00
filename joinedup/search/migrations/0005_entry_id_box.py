"""An index of each entry's id and place box: a search near a place checks the box of every
full-text match by id, and reads it here rather than from the wide row (ADR 12)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0001_initial'),
        ('search', '0004_term_ids_filter_tags'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(fields=['id', 'min_latitude', 'max_latitude', 'min_longitude', 'max_longitude'], name='search_entry_id_box'),
        ),
    ]
